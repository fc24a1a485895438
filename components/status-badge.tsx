// Colour for a status word, the same on every page.
const TONE: Record<string, string> = {
  running: "badge-ok",
  up: "badge-ok",
  succeeded: "badge-ok",
  live: "badge-ok",
  building: "badge-info",
  pending: "badge-info",
  deploying: "badge-info",
  starting: "badge-info",
  crashed: "badge-err",
  failed: "badge-err",
  maintenance: "badge-warn",
  // hosts
  ready: "badge-ok",
  draining: "badge-warn",
  down: "badge-err",
  idle: "",
  stopped: "",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge ${TONE[status] ?? ""}`} data-status={status}>{label ?? status}</span>;
}
