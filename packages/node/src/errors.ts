/** Options shared by every node error. */
export type BaseErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
};

/**
 * Root of every error thrown by `@gridlight/node`. `shortMessage` is the one line an operator
 * sees; `retryable` tells the daemon's retry loop whether trying the same work again can help.
 */
export class BaseError extends Error {
  override name = 'NodeError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;
  readonly retryable: boolean = false;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const lines = [shortMessage];
    if (parameters.metaMessages) lines.push('', ...parameters.metaMessages);
    if (parameters.details) lines.push('', `Details: ${parameters.details}`);
    super(
      lines.join('\n'),
      parameters.cause === undefined ? undefined : { cause: parameters.cause },
    );
    this.shortMessage = shortMessage;
    this.details = parameters.details;
    this.metaMessages = parameters.metaMessages;
  }
}

/** The command that installs Blender on Debian and Ubuntu, quoted in error messages. */
export const BLENDER_INSTALL_COMMAND = 'sudo apt-get install -y blender';

/** No Blender executable on PATH (or at $BLENDER). Not retryable: install it first. */
export class BlenderNotFoundError extends BaseError {
  override name = 'BlenderNotFoundError';
  constructor(parameters: BaseErrorParameters = {}) {
    super(
      `Blender was not found: install it with \`${BLENDER_INSTALL_COMMAND}\` or set BLENDER=/path/to/blender.`,
      parameters,
    );
  }
}

/** The scene (or a file it refers to, or an output path) lies outside the job folder. */
export class SceneOutsideJobDirError extends BaseError {
  override name = 'SceneOutsideJobDirError';
  readonly path: string;
  readonly jobDir: string;
  constructor(path: string, jobDir: string, parameters: BaseErrorParameters = {}) {
    super(`${path} is outside the job folder ${jobDir}; nothing was rendered.`, {
      metaMessages: ['A node only reads and writes inside the job folder of the unit it renders.'],
      ...parameters,
    });
    this.path = path;
    this.jobDir = jobDir;
  }
}

/** The .blend is missing or Blender could not read it. Not retryable: the input is bad. */
export class SceneUnreadableError extends BaseError {
  override name = 'SceneUnreadableError';
  readonly path: string;
  constructor(path: string, parameters: BaseErrorParameters = {}) {
    super(`Blender could not read the scene ${path}.`, parameters);
    this.path = path;
  }
}

/** Blender ran past the time limit and was killed with its whole process group. */
export class RenderTimeoutError extends BaseError {
  override name = 'RenderTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, parameters: BaseErrorParameters = {}) {
    super(`Render did not finish within ${timeoutMs} ms and was stopped.`, parameters);
    this.timeoutMs = timeoutMs;
  }
}

/** Blender ran out of the address space it was allowed (`prlimit --as`). */
export class RenderOutOfMemoryError extends BaseError {
  override name = 'RenderOutOfMemoryError';
  readonly memoryLimitMb: number;
  constructor(memoryLimitMb: number, parameters: BaseErrorParameters = {}) {
    super(
      `Render ran out of memory under the limit of ${memoryLimitMb} MB; raise memoryLimitMb or take smaller units.`,
      parameters,
    );
    this.memoryLimitMb = memoryLimitMb;
  }
}

/** The requested compute device (CUDA, OptiX) is not available to Cycles. Retryable: drivers come back. */
export class RenderDeviceUnavailableError extends BaseError {
  override name = 'RenderDeviceUnavailableError';
  override readonly retryable = true;
  readonly device: string;
  constructor(device: string, parameters: BaseErrorParameters = {}) {
    super(`No ${device} device is available to Blender Cycles.`, parameters);
    this.device = device;
  }
}

/**
 * Blender failed for any other reason. `stderrTail` holds the end of its output. Retryable
 * only when it died from a signal we did not send (a crash may not repeat); an error exit
 * from the same scene and settings would repeat.
 */
export class RenderFailedError extends BaseError {
  override name = 'RenderFailedError';
  override readonly retryable: boolean;
  readonly exitCode: number | null;
  readonly stderrTail: string;
  constructor(
    reason: string,
    {
      exitCode,
      signal,
      stderrTail,
    }: { exitCode: number | null; signal: string | null; stderrTail: string },
    parameters: BaseErrorParameters = {},
  ) {
    super(`Blender render failed: ${reason}.`, {
      details: stderrTail.length > 0 ? stderrTail : undefined,
      ...parameters,
    });
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
    this.retryable = signal !== null;
  }
}

/** A PNG could not be decoded (truncated, not a PNG, wrong size). */
export class ImageDecodeError extends BaseError {
  override name = 'ImageDecodeError';
}

/** Arguments that cannot describe a render (no frames, empty border, bad crop). */
export class RenderParametersError extends BaseError {
  override name = 'RenderParametersError';
}
