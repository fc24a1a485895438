// What the two SQL services share: their plans, no options, and one database owned by one user,
// both named after the add-on.
import { z } from "zod";
import { strongPassword, sqlIdentifier } from "../credentials.ts";
import type { AddonService } from "./types.ts";

export const sqlDefaults = {
  defaultAs: "DATABASE",
  plans: [
    { name: "hobby", memoryMb: 256, description: "256 MB" },
    { name: "standard", memoryMb: 512, description: "512 MB" },
    { name: "large", memoryMb: 1024, description: "1 GB" },
  ],
  defaultPlan: "hobby",
  options: z.object({}).strict(),
  optionsHelp: {},
  newCredentials: (addonName: string) => ({ user: sqlIdentifier(addonName), password: strongPassword(), database: sqlIdentifier(addonName) }),
} satisfies Partial<AddonService>;
