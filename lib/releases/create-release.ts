// Releases are immutable and numbered per app: v1, v2, … A new build, a config change and a
// rollback each make the next one. Versions only move forward.
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface NewRelease {
  /** Chosen up front when the caller already holds the app's deploy lock under this id. */
  id?: string;
  appId: string;
  /**
   * Defaults to the app's newest successful build, whether or not its release went live (as on
   * Heroku and Deis): a config change after a failed first deploy runs that build with the fix.
   */
  buildId?: string | null;
  /** Defaults to the app's newest config. */
  configId?: string;
  actor: string;
  summary: string;
}

export async function createRelease(input: NewRelease) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const last = await tx.release.findFirst({ where: { appId: input.appId }, orderBy: { version: "desc" } });
        const config =
          input.configId ?? (await tx.config.findFirstOrThrow({ where: { appId: input.appId }, orderBy: { createdAt: "desc" } })).id;
        const buildId = input.buildId ?? (await newestSuccessfulBuild(input.appId, tx))?.id ?? null;
        return tx.release.create({
          data: {
            id: input.id,
            appId: input.appId,
            version: (last?.version ?? 0) + 1,
            buildId,
            configId: config,
            summary: input.summary,
            createdBy: input.actor,
            // Without a build (before any succeeded) its deploy records it as unbuilt, freeing the
            // app in the same step.
            status: "pending",
          },
        });
      });
    } catch (err) {
      // Two releases raced for the same version: take the next one.
      if (attempt < 5 && err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") continue;
      throw err;
    }
  }
}

/** The status of a release made before any build succeeded: recorded, with nothing to run. */
export const UNBUILT = "unbuilt";
export const UNBUILT_NOTE = "no build to run yet: the app's first successful build runs with this config";

type Tx = Pick<typeof db, "release" | "build">;

function newestSuccessfulBuild(appId: string, tx: Tx) {
  return tx.build.findFirst({ where: { appId, status: "succeeded", image: { not: null } }, orderBy: { createdAt: "desc" }, select: { id: true } });
}

/** The newest release that did not fail: what should be serving. */
export function currentRelease(appId: string, tx: Tx = db) {
  return tx.release.findFirst({
    where: { appId, status: "succeeded" },
    orderBy: { version: "desc" },
  });
}
