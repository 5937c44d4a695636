// Lets the trainer worker read its messages (a cancel among them) between two pieces of a lesson's computation.
export const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
