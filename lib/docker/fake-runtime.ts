// Test support: an in-memory ContainerRuntime for the unit tests of the orchestration above the
// runtime (reconciler sweeps, build disk watch, …). Only unit tests use it; integration tests run
// against real engines. It keeps containers, images, volumes and networks as plain records, lets
// a test set what the engine would say (exit codes, written bytes, exec answers) and records every
// call that changes something, in order.
import { PassThrough } from "node:stream";
import type {
  BuildImageSpec,
  ContainerDetails,
  ContainerRuntime,
  ContainerSpec,
  ContainerStats,
  ExecResult,
  ExecSpec,
  HostRef,
  ImageRemoval,
  ListedContainer,
  ListedImage,
  RunningContainer,
} from "./container-runtime.ts";
import { berthLabels } from "./labels.ts";

export interface FakeContainer {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  network: string;
  state: "created" | "running" | "exited";
  /** Seconds since the epoch, as the engine lists it. */
  created: number;
  exitCode: number;
  oomKilled: boolean;
  restartCount: number;
  writtenBytes: number;
  address: string;
}

/** Docker's answer for a missing object: a 404, as dockerode rejects. */
function notFound(what: string): Error {
  return Object.assign(new Error(`(HTTP code 404) no such object - ${what}`), { statusCode: 404 });
}

export class FakeRuntime implements ContainerRuntime {
  readonly containers = new Map<string, FakeContainer>();
  readonly images = new Map<string, { id: string; user: string; labels: Record<string, string>; size: number }>();
  readonly volumes = new Map<string, Record<string, string>>();
  readonly networks = new Map<string, Record<string, string>>();
  /** Every call that changes something, as "method id-or-name" (e.g. "stopAndRemove c1 10"). */
  readonly calls: string[] = [];
  /** What `execCommand` answers; the default is exit code 0 with no output. */
  onExec: (id: string, spec: ExecSpec) => ExecResult | Promise<ExecResult> = () => ({ exitCode: 0, stdout: "", stderr: "" });
  /** Set to make every call reject, as an engine that went away does. */
  down: Error | null = null;
  private nextId = 1;

  constructor(readonly host: HostRef = { id: "fake", endpoint: "unix:///fake.sock" }) {}

  /** A container as if something had made it earlier (an earlier process, another worker). */
  addContainer(fields: Partial<FakeContainer> & { labels: Record<string, string> }): FakeContainer {
    const id = fields.id ?? `c${this.nextId++}`;
    const container: FakeContainer = {
      id,
      name: fields.name ?? id,
      image: "berth/runner:latest",
      network: "bridge",
      state: "running",
      created: Math.floor(Date.now() / 1000),
      exitCode: 0,
      oomKilled: false,
      restartCount: 0,
      writtenBytes: 0,
      address: `172.18.0.${this.nextId}`,
      ...fields,
    };
    this.containers.set(id, container);
    return container;
  }

  private async engine(): Promise<void> {
    if (this.down) throw this.down;
  }

  private get(id: string): FakeContainer {
    const container = this.containers.get(id) ?? [...this.containers.values()].find((c) => c.name === id);
    if (!container) throw notFound(`container ${id}`);
    return container;
  }

  private record(...parts: Array<string | number | undefined>) {
    this.calls.push(parts.filter((p) => p !== undefined).join(" "));
  }

  async ping() {
    await this.engine();
  }
  async info() {
    return this.down ? null : { NCPU: 2, MemTotal: 8 * 1024 ** 3, ServerVersion: "fake" };
  }

  async create(spec: ContainerSpec): Promise<string> {
    await this.engine();
    if ([...this.containers.values()].some((c) => c.name === spec.name)) throw Object.assign(new Error(`Conflict. The container name "/${spec.name}" is already in use`), { statusCode: 409 });
    const c = this.addContainer({ name: spec.name, image: spec.image, labels: spec.labels, network: spec.network, state: "created" });
    this.record("create", spec.name);
    return c.id;
  }
  async run(spec: ContainerSpec): Promise<RunningContainer> {
    const id = await this.create(spec);
    await this.start(id);
    return { id, address: this.get(id).address };
  }
  async runToCompletion(spec: ContainerSpec, opts: { onOutput: (chunk: string) => void }): Promise<number> {
    const id = await this.create(spec);
    await this.start(id);
    const c = this.get(id);
    c.state = "exited";
    opts.onOutput("");
    await this.remove(id);
    return c.exitCode;
  }
  async attachOutput(id: string) {
    await this.engine();
    this.get(id);
  }
  async start(id: string) {
    await this.engine();
    this.get(id).state = "running";
    this.record("start", id);
  }
  async kill(id: string) {
    await this.engine();
    const c = this.get(id);
    c.state = "exited";
    c.exitCode = 137;
    this.record("kill", id);
  }
  async waitForExit(id: string): Promise<number> {
    await this.engine();
    return this.get(id).exitCode;
  }
  async remove(id: string) {
    await this.engine();
    const c = this.containers.get(id) ?? [...this.containers.values()].find((x) => x.name === id);
    if (c) this.containers.delete(c.id);
    this.record("remove", id);
  }
  async stop(id: string, graceSeconds = 10) {
    await this.engine();
    const c = this.containers.get(id);
    if (c) c.state = "exited";
    this.record("stop", id, graceSeconds);
  }
  async restart(id: string): Promise<RunningContainer> {
    await this.engine();
    const c = this.get(id);
    c.state = "running";
    this.record("restart", id);
    return { id, address: c.address };
  }
  async restartInPlace(id: string, graceSeconds = 10) {
    await this.engine();
    const c = this.get(id);
    c.restartCount++;
    c.state = "running";
    this.record("restartInPlace", id, graceSeconds);
  }
  async stopAndRemove(id: string, graceSeconds = 30) {
    await this.engine();
    const c = this.containers.get(id);
    if (c) this.containers.delete(id);
    this.record("stopAndRemove", id, graceSeconds);
  }
  async inspect(id: string): Promise<ContainerDetails> {
    await this.engine();
    const c = this.get(id);
    return { State: { Running: c.state === "running", Restarting: false, OOMKilled: c.oomKilled, ExitCode: c.exitCode }, RestartCount: c.restartCount };
  }
  /** As the engine's: this instance's containers only (berth.instance), with these labels too. */
  async list(labels: Record<string, string> = {}): Promise<ListedContainer[]> {
    await this.engine();
    return [...this.containers.values()]
      .filter((c) => Object.entries(berthLabels(labels)).every(([k, v]) => c.labels[k] === v))
      .map((c) => ({
        Id: c.id,
        Names: [`/${c.name}`],
        Labels: c.labels,
        State: c.state,
        Status: c.state === "running" ? "Up" : `Exited (${c.exitCode})`,
        Created: c.created,
        NetworkSettings: { Networks: { [c.network]: { IPAddress: c.address } } },
      }));
  }
  async writtenBytes(id: string) {
    await this.engine();
    return this.get(id).writtenBytes;
  }
  async putArchive(id: string, _archive: NodeJS.ReadableStream, path: string) {
    await this.engine();
    this.get(id);
    this.record("putArchive", id, path);
  }
  async getArchive(id: string): Promise<NodeJS.ReadableStream> {
    await this.engine();
    this.get(id);
    return new PassThrough().end();
  }

  async execCommand(id: string, spec: ExecSpec): Promise<ExecResult> {
    await this.engine();
    if (this.get(id).state !== "running") throw Object.assign(new Error(`container ${id} is not running`), { statusCode: 409 });
    return this.onExec(id, spec);
  }

  async events(): Promise<NodeJS.ReadableStream> {
    await this.engine();
    return new PassThrough();
  }
  async logsTail() {
    await this.engine();
    return "";
  }
  async followLogs(): Promise<NodeJS.ReadableStream> {
    await this.engine();
    return new PassThrough().end();
  }
  async stats(id: string): Promise<ContainerStats> {
    await this.engine();
    this.get(id);
    return { cpuNs: 0, systemNs: 0, onlineCpus: 1, memoryBytes: 0, memoryLimitBytes: 0 };
  }

  async buildImage(spec: BuildImageSpec): Promise<string> {
    await this.engine();
    const id = `sha256:${this.nextId++}`;
    this.images.set(spec.tag, { id, user: "", labels: {}, size: 0 });
    this.record("buildImage", spec.tag);
    return id;
  }
  async commitArchive(spec: { tag: string }) {
    await this.engine();
    this.images.set(spec.tag, { id: `sha256:${this.nextId++}`, user: "1000:1000", labels: {}, size: 0 });
    this.record("commitArchive", spec.tag);
  }
  async tagImage(image: string, repo: string, tag: string) {
    await this.engine();
    const found = this.images.get(image);
    if (!found) throw notFound(`image ${image}`);
    this.images.set(`${repo}:${tag}`, found);
    this.record("tagImage", image, `${repo}:${tag}`);
  }
  async removeImageTag(reference: string): Promise<ImageRemoval> {
    await this.engine();
    this.record("removeImageTag", reference);
    return this.images.delete(reference) ? "removed" : "missing";
  }
  async listImages(repository: string): Promise<ListedImage[]> {
    await this.engine();
    const byId = new Map<string, string[]>();
    for (const [name, image] of this.images) if (name.startsWith(`${repository}:`)) byId.set(image.id, [...(byId.get(image.id) ?? []), name]);
    return [...byId].map(([Id, RepoTags]) => ({ Id, RepoTags }));
  }
  async imageId(reference: string) {
    await this.engine();
    return this.images.get(reference)?.id ?? null;
  }
  async imageConfig(image: string) {
    await this.engine();
    const found = this.images.get(image);
    if (!found) throw notFound(`image ${image}`);
    return { user: found.user, labels: found.labels };
  }
  async imageSize(image: string) {
    await this.engine();
    const found = this.images.get(image);
    if (!found) throw notFound(`image ${image}`);
    return found.size;
  }
  async readImageFiles(_image: string, paths: string[]) {
    await this.engine();
    return paths.map(() => "");
  }
  async pullImage(reference: string) {
    await this.engine();
    this.images.set(reference, { id: `sha256:${this.nextId++}`, user: "", labels: {}, size: 0 });
    this.record("pullImage", reference);
  }

  async ensureVolume(name: string, labels: Record<string, string>) {
    await this.engine();
    if (!this.volumes.has(name)) this.volumes.set(name, labels);
  }
  async removeVolume(name: string) {
    await this.engine();
    this.volumes.delete(name);
    this.record("removeVolume", name);
  }
  async ensureNetwork(name: string, labels: Record<string, string>) {
    await this.engine();
    if (!this.networks.has(name)) this.networks.set(name, labels);
  }
  async removeNetwork(name: string) {
    await this.engine();
    this.networks.delete(name);
    this.record("removeNetwork", name);
  }
  async connect(network: string, containerId: string) {
    await this.engine();
    this.get(containerId);
    this.record("connect", network, containerId);
  }
  async disconnect(network: string, containerId: string) {
    await this.engine();
    this.record("disconnect", network, containerId);
  }
}
