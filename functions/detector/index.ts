/** Lambda entry point (placeholder until the handler lands). */
export const handler = async (): Promise<never> => {
  throw new Error('detector handler not implemented yet');
};
