// Add-on names: unique across Berth, used for the Docker objects and as the host name apps reach
// the add-on by. Given by the user, or generated Heroku-style: redis-calm-4821.
import crypto from "node:crypto";

const WORDS = [
  "amber", "brisk", "calm", "clear", "cosy", "crisp", "deep", "eager", "early", "fair", "fleet", "fresh", "gentle",
  "glad", "grand", "keen", "kind", "light", "lively", "lucid", "mellow", "merry", "misty", "noble", "polar", "proud",
  "quick", "quiet", "rapid", "shiny", "silent", "smooth", "solid", "steady", "still", "sunny", "swift", "tidy", "vivid", "warm",
];

export const generateAddonName = (service: string) =>
  `${service}-${WORDS[crypto.randomInt(WORDS.length)]}-${crypto.randomInt(1000, 10000)}`;
