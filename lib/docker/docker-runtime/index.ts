// ContainerRuntime on the Docker Engine API (dockerode), one object per host. The work sits in
// the files beside this one, by job; this class only binds them to its host.
import type {
  BuildImageSpec,
  ContainerRuntime,
  ContainerSpec,
  ExecSpec,
  HostRef,
} from "../container-runtime.ts";
import { dockerFor } from "../engine-client.ts";
import * as containers from "./containers.ts";
import { execInContainer } from "./exec.ts";
import * as images from "./images.ts";
import * as networks from "./networks.ts";
import * as observe from "./observe.ts";

export class DockerRuntime implements ContainerRuntime {
  constructor(readonly host: HostRef) {}

  async ping() {
    await dockerFor(this.host).ping();
  }
  async info() {
    return ((await dockerFor(this.host).info().catch(() => null)) as { NCPU?: number; MemTotal?: number; ServerVersion?: string } | null);
  }

  run(spec: ContainerSpec) {
    return containers.runContainer(this.host, spec);
  }
  runToCompletion(spec: ContainerSpec, opts: { onOutput: (chunk: string) => void; timeoutMs: number; signal?: AbortSignal }) {
    return containers.runToCompletion(this.host, spec, opts);
  }
  create(spec: ContainerSpec) {
    return containers.createContainer(this.host, spec);
  }
  async attachOutput(id: string, onOutput: (chunk: Buffer) => void) {
    await containers.attachOutput(this.host, id, onOutput);
  }
  async start(id: string) {
    await dockerFor(this.host).getContainer(id).start();
  }
  async kill(id: string) {
    await dockerFor(this.host).getContainer(id).kill();
  }
  waitForExit(id: string, opts: { timeoutMs: number; timeoutMessage: string }) {
    return containers.waitForExit(this.host, id, opts);
  }
  remove(id: string) {
    return containers.removeContainer(this.host, id);
  }
  stop(id: string, graceSeconds?: number) {
    return containers.stopContainer(this.host, id, graceSeconds);
  }
  restart(id: string, network: string) {
    return containers.restartContainer(this.host, id, network);
  }
  restartInPlace(id: string, graceSeconds?: number) {
    return containers.restartInPlace(this.host, id, graceSeconds);
  }
  stopAndRemove(id: string, graceSeconds?: number) {
    return containers.stopAndRemoveContainer(this.host, id, graceSeconds);
  }
  inspect(id: string) {
    return containers.inspectContainer(this.host, id);
  }
  list(labels?: Record<string, string>) {
    return containers.listBerthContainers(this.host, labels);
  }
  writtenBytes(id: string) {
    return containers.containerWrittenBytes(this.host, id);
  }
  async putArchive(id: string, archive: NodeJS.ReadableStream, path: string) {
    await dockerFor(this.host).getContainer(id).putArchive(archive, { path });
  }
  async getArchive(id: string, path: string) {
    return (await dockerFor(this.host).getContainer(id).getArchive({ path })) as NodeJS.ReadableStream;
  }

  execCommand(id: string, spec: ExecSpec) {
    return execInContainer(this.host, id, spec);
  }

  events() {
    return observe.containerEvents(this.host);
  }
  logsTail(id: string, lines?: number) {
    return observe.containerLogsTail(this.host, id, lines);
  }
  followLogs(id: string, opts?: { since?: string; tail?: number; signal?: AbortSignal }) {
    return observe.followContainerLogs(this.host, id, opts);
  }
  stats(id: string, signal?: AbortSignal) {
    return observe.containerStatsOnce(this.host, id, signal);
  }

  buildImage(spec: BuildImageSpec) {
    return images.buildImage(this.host, spec);
  }
  commitArchive(spec: { name: string; image: string; labels: Record<string, string>; archive: () => NodeJS.ReadableStream; tag: string }) {
    return images.commitArchive(this.host, spec);
  }
  tagImage(image: string, repo: string, tag: string) {
    return images.tagImage(this.host, image, repo, tag);
  }
  removeImageTag(reference: string) {
    return images.removeImageTag(this.host, reference);
  }
  listImages(repository: string) {
    return images.listImages(this.host, repository);
  }
  imageId(reference: string) {
    return images.imageId(this.host, reference);
  }
  imageConfig(image: string) {
    return images.imageConfig(this.host, image);
  }
  imageSize(image: string) {
    return images.imageSize(this.host, image);
  }
  readImageFiles(image: string, paths: string[], maxBytes?: number) {
    return images.readImageFiles(this.host, image, paths, maxBytes);
  }
  pullImage(reference: string, signal: AbortSignal) {
    return images.pullImage(this.host, reference, signal);
  }

  ensureVolume(name: string, labels: Record<string, string>) {
    return networks.ensureVolume(this.host, name, labels);
  }
  removeVolume(name: string) {
    return networks.removeVolume(this.host, name);
  }
  ensureNetwork(name: string, labels: Record<string, string>, opts?: { bridgeName?: string; overlay?: boolean }) {
    return networks.ensureNetwork(this.host, name, labels, opts);
  }
  removeNetwork(name: string) {
    return networks.removeNetwork(this.host, name);
  }
  connect(network: string, containerId: string, aliases: string[]) {
    return networks.connectToNetwork(this.host, network, containerId, aliases);
  }
  disconnect(network: string, containerId: string) {
    return networks.disconnectFromNetwork(this.host, network, containerId);
  }
}

