// Commands inside a running container, on the Docker Engine API.
import { PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ExecResult, ExecSpec, HostRef } from "../container-runtime.ts";
import { dockerFor } from "../engine-client.ts";
import { stdoutOfFrames } from "../log-frames.ts";

export async function execInContainer(host: HostRef, containerId: string, spec: ExecSpec): Promise<ExecResult> {
  const docker = dockerFor(host);
  const exec = await docker.getContainer(containerId).exec({
    Cmd: spec.cmd,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    User: spec.user,
    AttachStdin: Boolean(spec.stdin),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: Boolean(spec.stdin) })) as unknown as NodeJS.ReadWriteStream & Readable;
  const stderr = new TailBuffer(64 * 1024);
  const collected = spec.stdout ? undefined : new TailBuffer(1024 * 1024);
  const timer = setTimeout(
    () => stream.destroy(new Error(`the command ran longer than ${Math.round(spec.timeoutMs / 1000)} s and was abandoned`)),
    spec.timeoutMs,
  );
  try {
    // Closing the input half-closes the connection, which Docker passes on as EOF on stdin.
    const feeding = spec.stdin ? pipeline(spec.stdin, stream as unknown as Writable, { end: true }) : Promise.resolve();
    const draining = pipeline(stream, stdoutOfFrames((chunk) => stderr.push(chunk)), spec.stdout ?? collected!.sink());
    await Promise.all([feeding, draining]);
  } finally {
    clearTimeout(timer);
  }
  // The exit code is recorded a moment after the output ends.
  for (let i = 0; ; i++) {
    const info = await exec.inspect();
    if (!info.Running || i >= 40) return { exitCode: info.ExitCode ?? -1, stdout: collected?.text() ?? "", stderr: stderr.text() };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keeps the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) this.size -= this.chunks.shift()!.length;
  }
  sink(): Writable {
    return new PassThrough().on("data", (chunk: Buffer) => this.push(chunk));
  }
  text(): string {
    return Buffer.concat(this.chunks).subarray(-this.limit).toString("utf8");
  }
}
