// Lets the page paint and answer input between two pieces of one long job (each piece its own task).
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
