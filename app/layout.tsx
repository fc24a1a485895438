import type { ReactNode } from "react";
import { HydrationMark } from "@/components/hydration-mark.tsx";
import "./globals.css";

export const metadata = { title: { default: "Berth", template: "%s · Berth" }, description: "Push apps, get URLs" };
export const viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <HydrationMark />
      </body>
    </html>
  );
}
