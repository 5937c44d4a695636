// The `gradscope` command (bin/gradscope.js runs its build, out/main/cli.js). Bad arguments or input
// files: one line on stderr and exit code 2, never a stack trace.
import { assertNever } from '../contract/events';
import { GradscopeError, INPUT_KINDS } from '../contract/errors';
import { parseArgs, type Command } from './args';
import { USAGE } from './help';
import { line, type CliIO } from './io';
import { runPresetsCommand } from './presets-command';
import { EXIT, UsageError } from './usage-error';

async function dispatch(cmd: Command, io: CliIO): Promise<number> {
  switch (cmd.kind) {
    case 'help':
      line(io.stdout, USAGE);
      return EXIT.ok;
    case 'presets':
      return runPresetsCommand(cmd.json, io);
    // loaded on demand: TensorFlow.js takes a moment to import, argument errors should not wait for it
    case 'train':
      return (await import('./train')).runTrainCommand(cmd, io);
    case 'probe':
      return (await import('./probe')).runProbeCommand(cmd, io);
    case 'export-pytorch':
      return (await import('./export-pytorch')).runExportPytorchCommand(cmd, io);
    case 'import-run':
      return (await import('./import-run')).runImportRunCommand(cmd, io);
    case 'predict':
      return (await import('./predict')).runPredictCommand(cmd, io);
    case 'surface':
      return (await import('./surface')).runSurfaceCommand(cmd, io);
    case 'sweep':
      return (await import('./sweep')).runSweepCommand(cmd, io);
    case 'activations':
      return (await import('./activations')).runActivationsCommand(cmd, io);
    case 'landscape':
      return (await import('./landscape')).runLandscapeCommand(cmd, io);
    case 'dropout-ensemble':
      return (await import('./dropout-ensemble')).runDropoutEnsembleCommand(cmd, io);
    default:
      return assertNever(cmd, 'command');
  }
}

/** The one place the CLI maps an error: the user's input at fault → its message and exit 2; anything
 * else is Gradscope's fault → "internal error", exit 1 (the stack only with GRADSCOPE_DEBUG). */
function report(e: unknown, io: CliIO): number {
  const input = e instanceof GradscopeError && INPUT_KINDS.has(e.kind);
  const message = e instanceof Error ? e.message : String(e);
  line(io.stderr, `gradscope: ${input ? message : `internal error: ${message}`}`);
  if (e instanceof UsageError && /^(unknown command|\w+: unknown option)/.test(message)) line(io.stderr, 'try: gradscope --help');
  if (!input && process.env.GRADSCOPE_DEBUG && e instanceof Error) line(io.stderr, e.stack ?? '');
  return input ? EXIT.usage : EXIT.failed;
}

/** Run the CLI; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(parseArgs(argv), io);
  } catch (e) {
    return report(e, io);
  }
}

function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    onInterrupt(handler) {
      let count = 0;
      const on = () => {
        count++;
        if (count > 1) process.exit(EXIT.interrupted);
        process.stderr.write('\ngradscope: stopping after this step (Ctrl-C again to quit now)\n');
        handler();
      };
      process.on('SIGINT', on);
      return () => process.off('SIGINT', on);
    },
  };
}

/** Run with the real process streams and exit with the command's code once stdout has drained. */
export async function runFromProcess(argv: readonly string[]): Promise<void> {
  const code = await main(argv, processIO());
  process.stdout.write('', () => process.exit(code));
}

// `tsx src-main/cli/main.ts …` runs it directly; bin/gradscope.js imports it and calls runFromProcess.
const isEntry = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.[cm]?[tj]s$/.test(process.argv[1]);
if (isEntry) await runFromProcess(process.argv.slice(2));
