// Page titles of an app's pages carry the app's name ("ux-demo · Logs · Berth", with the root
// layout's template), so tabs and history tell one app's pages from another's. Only a name of the
// form app names have is echoed: anything else is a 404 page anyway.
const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;

export function appTitle(section: string) {
  return async function generateMetadata({ params }: { params: Promise<{ app: string }> }) {
    const { app } = await params;
    return { title: APP_NAME.test(app) ? `${app} · ${section}` : section };
  };
}
