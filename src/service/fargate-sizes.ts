// The CPU and memory pairs Fargate offers for Linux tasks, from the ECS developer guide
// ("Task CPU and memory"): cpu units -> memory in MiB.
const FARGATE_SIZES: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/**
 * Why `cpu`/`memoryLimitMiB` is not a Fargate size, or undefined when it is one.
 */
export function fargateSizeProblem(cpu: number, memoryLimitMiB: number): string | undefined {
  const memories = FARGATE_SIZES[cpu];
  if (!memories) {
    return `cpu ${cpu} is not a Fargate CPU size. Use one of ${Object.keys(FARGATE_SIZES).join(', ')} (1024 is one vCPU).`;
  }
  if (!memories.includes(memoryLimitMiB)) {
    return `cpu ${cpu} with memoryLimitMiB ${memoryLimitMiB} is not a size Fargate offers. For cpu ${cpu}, use memoryLimitMiB ${listValues(memories)}.`;
  }
  return undefined;
}

function listValues(values: number[]): string {
  return values.length <= 2 ? values.join(' or ') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
