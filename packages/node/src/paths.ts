import { mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SceneOutsideJobDirError, SceneUnreadableError } from './errors.js';

/** True when `path` is `root` or lies beneath it (both already resolved). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves the job folder and the scene inside it, following symlinks, so a link that points
 * out of the folder is caught as surely as `../../etc`.
 */
export async function resolveScene(
  jobDir: string,
  blendPath: string,
): Promise<{ jobDir: string; blendPath: string }> {
  const realJobDir = await realpath(jobDir);
  const requested = resolve(jobDir, blendPath);
  if (!isInside(requested, resolve(jobDir)) && !isInside(requested, realJobDir)) {
    throw new SceneOutsideJobDirError(requested, realJobDir);
  }
  let realBlend: string;
  try {
    realBlend = await realpath(requested);
  } catch (cause) {
    throw new SceneUnreadableError(requested, { details: 'the file does not exist', cause });
  }
  if (!isInside(realBlend, realJobDir)) throw new SceneOutsideJobDirError(realBlend, realJobDir);
  return { jobDir: realJobDir, blendPath: realBlend };
}

/** Creates `sub` under the job folder and checks it did not resolve outside (a planted symlink). */
export async function ensureDirInside(jobDir: string, sub: string): Promise<string> {
  const dir = resolve(jobDir, sub);
  if (!isInside(dir, jobDir)) throw new SceneOutsideJobDirError(dir, jobDir);
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  if (!isInside(real, jobDir)) throw new SceneOutsideJobDirError(real, jobDir);
  return real;
}
