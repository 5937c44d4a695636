// Starts the TensorFlow.js backend for a CLI command; a forced backend that cannot start (by
// --backend, the project's setting or GRADSCOPE_BACKEND) is a usage error naming why.
import type { BackendChoice } from '../contract/training';
import { initBackend } from '../trainer/backend';
import { UsageError } from './usage-error';

export async function startBackend(choice: BackendChoice | undefined): Promise<string> {
  try {
    return await initBackend(choice);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
