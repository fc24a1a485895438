// The numeric user an image's containers run as, read off the image itself: its USER, resolved
// against its own /etc/passwd and /etc/group (see image-user.ts for the rules).
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { resolveImageUser, type ResolvedUser } from "./image-user.ts";

export async function resolveImageRunAs(host: HostRef, image: string, user: string): Promise<ResolvedUser> {
  // No USER: nothing to look up, the app user it is.
  const [passwd = "", group = ""] = user === "" ? [] : await runtimeFor(host).readImageFiles(image, ["/etc/passwd", "/etc/group"]);
  return resolveImageUser(user, { passwd, group });
}
