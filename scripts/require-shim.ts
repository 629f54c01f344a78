/** The banner of every ESM bundle: CommonJS dependencies inside call require() for Node built-ins, so give them one. */
export const REQUIRE_SHIM =
  "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);";
