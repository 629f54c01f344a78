/** Lambda entry point (placeholder until the handler lands). */
export const handler = async (): Promise<never> => {
  throw new Error('monitor handler not implemented yet');
};
