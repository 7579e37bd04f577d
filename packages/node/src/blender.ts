import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BlenderNotFoundError, RenderOutOfMemoryError, RenderTimeoutError } from './errors.js';

/** How Blender is confined on this machine; detected once per process. */
export type SandboxInfo = {
  /** True when Blender runs in its own network namespace (no interfaces but a down loopback). */
  networkIsolated: boolean;
  /** The prefix that isolates the network: `unshare -n` as root, `unshare -rn` otherwise. */
  networkCommand: string[];
  /** How the address-space limit is applied: `prlimit --as`, or `ulimit -v` in a shell. */
  memoryLimit: 'prlimit' | 'ulimit';
};

/** Options for one Blender process. */
export type RunBlenderOptions = {
  args: string[];
  cwd: string;
  timeoutMs: number;
  memoryLimitMb: number;
  signal?: AbortSignal | undefined;
  /** Called with each complete stdout line as it arrives. */
  onLine?: ((line: string) => void) | undefined;
};

/** What a finished Blender process left behind. */
export type RunBlenderResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stdout and stderr together, interleaved as they arrived. */
  outputTail: string;
  stdoutLines: string[];
  sandbox: SandboxInfo;
};

const OUTPUT_TAIL_CHARS = 4000;

/** Finds the Blender executable: `$BLENDER` if set, else the first `blender` on PATH. */
export async function findBlender(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = env.BLENDER
    ? [env.BLENDER]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir.length > 0)
        .map((dir) => join(dir, 'blender'));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new BlenderNotFoundError({
    details: env.BLENDER ? `BLENDER=${env.BLENDER} is not executable` : `PATH=${env.PATH ?? ''}`,
  });
}

let sandboxPromise: Promise<SandboxInfo> | undefined;

/** Detects, once, whether Blender can be run without network and how memory is limited. */
export function detectSandbox(): Promise<SandboxInfo> {
  sandboxPromise ??= (async () => {
    const asRoot = process.getuid?.() === 0;
    const tries = asRoot
      ? [
          ['unshare', '-n'],
          ['unshare', '-rn'],
        ]
      : [['unshare', '-rn']];
    let networkCommand: string[] = [];
    for (const prefix of tries) {
      if ((await exitCode([...prefix, 'true'])) === 0) {
        networkCommand = prefix;
        break;
      }
    }
    const memoryLimit =
      (await exitCode(['prlimit', '--as=1073741824', 'true'])) === 0 ? 'prlimit' : 'ulimit';
    return { networkIsolated: networkCommand.length > 0, networkCommand, memoryLimit };
  })();
  return sandboxPromise;
}

/**
 * Runs Blender in the sandbox: its own process group (killed whole on timeout or abort), no
 * network when `unshare` works, an address-space limit, a minimal environment whose HOME is
 * a fresh empty folder (Blender runs user startup scripts from $HOME, and the job folder is
 * the requester's), and the job folder as working directory.
 */
export async function runBlender(options: RunBlenderOptions): Promise<RunBlenderResult> {
  const [blender, sandbox] = await Promise.all([findBlender(), detectSandbox()]);
  options.signal?.throwIfAborted();
  const home = await mkdtemp(join(tmpdir(), 'gridlight-blender-'));
  try {
    const limitBytes = Math.floor(options.memoryLimitMb * 1024 * 1024);
    const limited =
      sandbox.memoryLimit === 'prlimit'
        ? ['prlimit', `--as=${limitBytes}`, '--', blender, ...options.args]
        : [
            'sh',
            '-c',
            `ulimit -v ${Math.floor(limitBytes / 1024)} && exec "$@"`,
            'sh',
            blender,
            ...options.args,
          ];
    const argv = [...sandbox.networkCommand, ...limited];
    return await spawnGroup(argv, options, sandboxEnv(home), sandbox);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The whole environment Blender sees: nothing from ours but CUDA device selection. */
function sandboxEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    BLENDER_USER_CONFIG: join(home, 'config'),
    BLENDER_USER_SCRIPTS: join(home, 'scripts'),
    BLENDER_USER_DATAFILES: join(home, 'datafiles'),
  };
  for (const key of ['CUDA_VISIBLE_DEVICES', 'NVIDIA_VISIBLE_DEVICES']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

function spawnGroup(
  argv: string[],
  options: RunBlenderOptions,
  env: NodeJS.ProcessEnv,
  sandbox: SandboxInfo,
): Promise<RunBlenderResult> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = argv as [string, ...string[]];
    const child = spawn(command, rest, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let partial = '';
    const stdoutLines: string[] = [];
    let timedOut = false;
    let aborted = false;
    const keep = (chunk: string) => {
      tail = (tail + chunk).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      keep(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('GRIDLIGHT_')) stdoutLines.push(line);
        options.onLine?.(line);
      }
    });
    child.stderr.on('data', keep);

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      killGroup();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever Blender left running in its group (it forks nothing today) goes too.
      killGroup();
      if (partial.startsWith('GRIDLIGHT_')) stdoutLines.push(partial);
      if (aborted) return reject(options.signal?.reason ?? new Error('aborted'));
      if (timedOut)
        return reject(new RenderTimeoutError(options.timeoutMs, { details: lastLines(tail) }));
      if (looksOutOfMemory(exitCode, tail)) {
        return reject(
          new RenderOutOfMemoryError(options.memoryLimitMb, { details: lastLines(tail) }),
        );
      }
      resolve({ exitCode, signal, outputTail: tail, stdoutLines, sandbox });
    });
  });
}

function looksOutOfMemory(exitCode: number | null, output: string): boolean {
  if (exitCode === 0) return false;
  return /failed to map segment|std::bad_alloc|Cannot allocate memory|out of memory|background thread creation failed/i.test(
    output,
  );
}

/** The last few lines of Blender's output, without its per-sample progress lines. */
export function lastLines(output: string, count = 20): string {
  return output
    .split('\n')
    .filter((line) => line.trim().length > 0 && !line.startsWith('Fra:'))
    .slice(-count)
    .join('\n');
}

function exitCode(argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const [command, ...rest] = argv as [string, ...string[]];
    const child = spawn(command, rest, { stdio: 'ignore' });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
}
