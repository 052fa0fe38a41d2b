import { SingleBar } from 'cli-progress';
import type { CliIo } from './context.ts';

export interface Progress {
  /** Sets the total and the current value, with a short label. */
  update(value: number, total: number, label?: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress bar on stderr, only when stderr is a terminal and the user did not ask for quiet or
 * JSON output: logs and pipes never get control characters.
 */
export function createProgress(
  io: CliIo,
  options: { quiet: boolean; json: boolean; unit: string },
): Progress {
  if (!io.stderrIsTty || options.quiet || options.json) return silent;
  let bar: SingleBar | undefined;
  return {
    update(value, total, label = '') {
      if (!bar) {
        bar = new SingleBar({
          format: `{bar} {percentage}% | {value}/{total} ${options.unit} | {label}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        });
        bar.start(total, value, { label });
      }
      bar.setTotal(total);
      bar.update(value, { label });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
