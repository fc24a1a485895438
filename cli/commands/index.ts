// Every command of the CLI, in the order `berth help` lists them.
import type { Command } from "../command.ts";
import { access, accessAdd, accessRemove } from "./access.ts";
import { addons, addonsCreate, addonsDestroy } from "./addons.ts";
import { apps, appsCreate, appsDestroy, appsInfo, gitRemote, open } from "./apps.ts";
import { login, logout } from "./auth.ts";
import { certs, certsAdd, certsRemove } from "./certs.ts";
import { config, configGet, configSet, configUnset } from "./config.ts";
import { domains, domainsAdd, domainsRemove } from "./domains.ts";
import { drains, drainsAdd, drainsRemove } from "./drains.ts";
import { hosts, hostsDrain, hostsJoinCommand, hostsRemove } from "./hosts.ts";
import { logs } from "./logs.ts";
import { maintenance, maintenanceOff, maintenanceOn } from "./maintenance.ts";
import { metrics } from "./metrics.ts";
import { ps, psRestart, psScale } from "./ps.ts";
import { psAutoscale } from "./ps-autoscale.ts";
import { releases, rollback } from "./releases.ts";
import { run } from "./run.ts";

export const COMMANDS: Command[] = [
  login,
  logout,
  apps,
  appsCreate,
  appsInfo,
  appsDestroy,
  gitRemote,
  open,
  config,
  configGet,
  configSet,
  configUnset,
  releases,
  rollback,
  ps,
  psScale,
  psAutoscale,
  psRestart,
  run,
  logs,
  metrics,
  drains,
  drainsAdd,
  drainsRemove,
  addons,
  addonsCreate,
  addonsDestroy,
  domains,
  domainsAdd,
  domainsRemove,
  certs,
  certsAdd,
  certsRemove,
  maintenance,
  maintenanceOn,
  maintenanceOff,
  access,
  accessAdd,
  accessRemove,
  hosts,
  hostsJoinCommand,
  hostsDrain,
  hostsRemove,
];

/** Heroku's short forms. */
export const ALIASES: Record<string, string> = {
  create: "apps:create",
  destroy: "apps:destroy",
  info: "apps:info",
  "apps:delete": "apps:destroy",
  "config:add": "config:set",
  "config:remove": "config:unset",
  restart: "ps:restart",
  scale: "ps:scale",
  "releases:rollback": "rollback",
  "addons:add": "addons:create",
  "addons:remove": "addons:destroy",
  sharing: "access",
  "sharing:add": "access:add",
  "sharing:remove": "access:remove",
};
