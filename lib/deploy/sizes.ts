// Named container sizes, enforced by Docker.
export interface Size {
  memoryBytes: number;
  cpuShares: number;
  pidsLimit: number;
}

const MB = 1024 * 1024;

export const SIZES: Record<string, Size> = {
  small: { memoryBytes: 256 * MB, cpuShares: 256, pidsLimit: 256 },
  standard: { memoryBytes: 512 * MB, cpuShares: 512, pidsLimit: 512 },
  large: { memoryBytes: 1024 * MB, cpuShares: 1024, pidsLimit: 1024 },
};

export const sizeOf = (name: string): Size => SIZES[name] ?? SIZES.standard!;
