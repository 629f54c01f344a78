export { readSecret, cachedSecret, secretValue, type SecretOptions } from './secret.js';
