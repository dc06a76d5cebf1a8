import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Static files embedded by the Tauri shell (tauri.conf.json → build.frontendDist).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16", // WebKitGTK 2.4x and macOS WKWebView
    sourcemap: false,
  },
  server: { port: 1420, strictPort: true },
});
