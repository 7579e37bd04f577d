import { execFile } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One NVIDIA GPU as nvidia-smi reports it. */
export type GpuInfo = { name: string; memoryMb: number };

/** What this machine offers for rendering; published (in part) to NodeRegistry. */
export type HardwareInfo = {
  cpu: { model: string; cores: number };
  memoryMb: number;
  gpus: GpuInfo[];
};

/** Reads CPU model and core count, RAM, and NVIDIA GPUs (none when nvidia-smi is absent or fails). */
export async function detectHardware(): Promise<HardwareInfo> {
  const cores = cpus();
  return {
    cpu: { model: cores[0]?.model.trim() ?? 'unknown', cores: cores.length },
    memoryMb: Math.round(totalmem() / 2 ** 20),
    gpus: await nvidiaGpus(),
  };
}

async function nvidiaGpus(): Promise<GpuInfo[]> {
  const output = await new Promise<string>((resolve) => {
    execFile(
      'nvidia-smi',
      ['--query-gpu=name,memory.total', '--format=csv,noheader'],
      { timeout: 10_000 },
      (error, stdout) => resolve(error ? '' : stdout),
    );
  });
  return parseNvidiaSmi(output);
}

/** Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader` ("NVIDIA H100, 81559 MiB"). */
export function parseNvidiaSmi(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split('\n')) {
    const comma = line.lastIndexOf(',');
    if (comma < 0) continue;
    const name = line.slice(0, comma).trim();
    const memory = /^\s*(\d+)\s*MiB\s*$/i.exec(line.slice(comma + 1));
    if (name && memory) gpus.push({ name, memoryMb: Number(memory[1]) });
  }
  return gpus;
}
