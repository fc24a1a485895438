// The add-on services Berth offers, one file each in services/. A new service is a new file here.
import { invalid } from "../errors.ts";
import { mysql } from "./services/mysql.ts";
import { postgres } from "./services/postgres.ts";
import { redis } from "./services/redis.ts";
import type { AddonService, Plan } from "./services/types.ts";

export const SERVICES: readonly AddonService[] = [redis, mysql, postgres];

export function findService(name: string): AddonService {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw invalid(`there is no add-on service "${name.slice(0, 40)}"; choose one of ${SERVICES.map((s) => s.name).join(", ")}`);
  return service;
}

export function findPlan(service: AddonService, name = service.defaultPlan): Plan {
  const plan = service.plans.find((p) => p.name === name);
  if (!plan) throw invalid(`${service.name} has no plan "${name.slice(0, 40)}"; its plans are ${service.plans.map((p) => p.name).join(", ")}`);
  return plan;
}

/** GET /addon-services: the catalog. */
export function listServices() {
  return SERVICES.map((s) => ({
    name: s.name,
    software: s.software,
    description: s.description,
    configVar: `${s.defaultAs}_URL`,
    defaultPlan: s.defaultPlan,
    plans: s.plans.map((p) => ({ name: p.name, memoryMb: p.memoryMb, description: p.description })),
    options: s.optionsHelp,
  }));
}
