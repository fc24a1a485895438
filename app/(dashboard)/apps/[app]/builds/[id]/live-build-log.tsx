"use client";
// The build page's log, which also brings the page's status card up to date (status, duration,
// image, release) the moment the log says how the pipeline ended: one server render, no polling.
import { useRouter } from "next/navigation";
import { BuildLog } from "@/components/build-log.tsx";

export function LiveBuildLog({ app, buildId, appUrl, settled }: { app: string; buildId: string; appUrl: string; settled: boolean }) {
  const router = useRouter();
  // A build that had ended when the page was drawn already shows its outcome in the card.
  return <BuildLog app={app} buildId={buildId} appUrl={appUrl} onEnd={settled ? undefined : () => router.refresh()} />;
}
