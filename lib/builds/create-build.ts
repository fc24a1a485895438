// Accepting a source: store the upload safely, record a pending build, queue it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { db } from "../db.ts";
import { dataPath, settings } from "../env.ts";
import { BerthError, tooLarge } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock, USER_REQUEST_WAIT_MS } from "../apps/deploy-lock.ts";
import { enqueueBuild } from "../queue/queues.ts";
import { verifyArchive } from "../sources/verify-tarball.ts";

export interface NewBuildInput {
  appName: string;
  body: Readable;
  /** The request's Content-Length, when it sent one: past the limit, refused before reading. */
  declaredBytes?: number;
  commit?: string;
}

export async function createBuild(actor: Actor, input: NewBuildInput) {
  const app = await findApp(actor, input.appName);
  if (input.declaredBytes !== undefined && input.declaredBytes > settings.maxUploadBytes) throw uploadTooLarge(settings.maxUploadBytes);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-upload-"));
  const upload = path.join(tmpDir, "source.tar.gz");
  try {
    await receiveUpload(input.body, upload, settings.maxUploadBytes);
    const id = crypto.randomUUID();
    await acquireDeployLock(app, id, USER_REQUEST_WAIT_MS, { unlessBuilding: true });
    try {
      const sourcePath = dataPath("sources", app.name, `${id}.tar.gz`);
      fs.mkdirSync(path.dirname(sourcePath), { recursive: true, mode: 0o700 });
      fs.renameSync(upload, sourcePath);
      const build = await db.build.create({
        data: { id, appId: app.id, sourceKind: input.commit ? "git" : "upload", commit: input.commit, sourcePath, createdBy: actor.username },
      });
      await enqueueBuild(build.id);
      return build;
    } catch (err) {
      await releaseDeployLock(app.id, id);
      throw err;
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/**
 * Writes the request body to `file` while verifying it as it arrives (read-archive.ts), so a gzip
 * bomb or an unsafe entry is refused after its first bad bytes: nothing more is written or
 * inflated. The rest of the body is still read and dropped (up to a bound) before the refusal is
 * answered: a server that answers while the client is sending closes the connection under it, and
 * the client then sees a reset instead of the 413.
 */
async function receiveUpload(body: Readable, file: string, limit: number): Promise<void> {
  const out = fs.createWriteStream(file, { mode: 0o600 });
  const archive = new PassThrough();
  let refused: unknown = null;
  let wake = () => undefined as void;
  const refuse = (err: unknown) => {
    if (refused) return;
    refused = err;
    out.destroy();
    archive.destroy();
    wake();
  };
  const verified = verifyArchive(archive);
  verified.catch(refuse);
  archive.on("error", () => undefined); // destroyed by a refusal: the refusal is the answer
  out.on("error", refuse);

  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (refused) {
        if (size > 4 * limit) break; // stop listening to a client that does not stop
        continue;
      }
      if (size > limit) {
        refuse(uploadTooLarge(limit));
        continue;
      }
      const waits: Promise<unknown>[] = [];
      if (!out.write(chunk)) waits.push(once(out, "drain"));
      if (!archive.write(chunk)) waits.push(once(archive, "drain"));
      if (waits.length) await Promise.race([Promise.all(waits), new Promise<void>((resolve) => (wake = resolve))]);
    }
  } catch {
    if (refused) throw refused;
    throw new BerthError("invalid", "the upload was cut off before it ended; nothing was stored");
  }
  if (refused) throw refused;
  if (size === 0) throw new BerthError("invalid", "the upload is empty: send a .tar.gz of the source");
  archive.end();
  out.end();
  try {
    await verified;
    await finished(out);
  } catch (err) {
    throw refused ?? err; // the first problem, whichever stream saw it
  }
}

const uploadTooLarge = (limit: number) => tooLarge(`the upload is larger than the limit of ${Math.round(limit / 1024 / 1024)} MiB`);
