// Accepting a source: store the upload safely, record a pending build, queue it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import { db } from "../db.ts";
import { dataPath, settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import { enqueueBuild } from "../queue/queues.ts";
import { verifyTarball } from "../sources/verify-tarball.ts";

export interface NewBuildInput {
  appName: string;
  body: Readable;
  commit?: string;
}

export async function createBuild(actor: Actor, input: NewBuildInput) {
  const app = await findApp(actor, input.appName);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-upload-"));
  const upload = path.join(tmpDir, "source.tar.gz");
  try {
    await receiveUpload(input.body, upload, settings.maxUploadBytes);
    await verifyTarball(upload);
    const id = crypto.randomUUID();
    await acquireDeployLock(app, id);
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
 * Writes the request body to `file`. Past `limit` bytes it stops writing but keeps reading (up to
 * a bound) so the client receives the 422 instead of a reset connection.
 */
async function receiveUpload(body: Readable, file: string, limit: number): Promise<void> {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > 4 * limit) done(tooLarge(limit));
      else done(null, size > limit ? undefined : chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    if (err instanceof BerthError) throw err;
    throw new BerthError("invalid", "the upload was cut off before it ended; nothing was stored");
  }
  if (size > limit) throw tooLarge(limit);
  if (size === 0) throw new BerthError("invalid", "the upload is empty: send a .tar.gz of the source");
}

const tooLarge = (limit: number) => new BerthError("invalid", `the upload is larger than the limit of ${Math.round(limit / 1024 / 1024)} MiB`);
