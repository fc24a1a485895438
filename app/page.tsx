import { settings } from "@/lib/env.ts";

export const dynamic = "force-dynamic";

export default function Home() {
  const api = `http://localhost:${settings.port}`;
  return (
    <main style={{ maxWidth: 760, margin: "48px auto", padding: "0 16px", lineHeight: 1.5 }}>
      <h1>Berth</h1>
      <p>Push an app, get a URL. Apps are served at <code>http://&lt;app&gt;.{settings.domain}/</code>.</p>
      <h2>Deploy from the terminal</h2>
      <pre style={{ background: "#f4f4f5", padding: 16, overflowX: "auto" }}>{`TOKEN=$(curl -s ${api}/api/v1/auth/token -H 'content-type: application/json' \\
  -d '{"username":"admin","password":"…"}' | jq -r .token)
curl -s ${api}/api/v1/apps -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"name":"hello"}'
git remote add berth http://berth:$TOKEN@localhost:${settings.port}/git/hello.git
git push berth main`}</pre>
    </main>
  );
}
