// Lints the UI: JavaScript's and TypeScript's recommended rules, and Svelte's (runes
// mode included). Formatting is Prettier's job, not ESLint's.
import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/lib/bindings.ts"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser } } },
  {
    // The Svelte compiler (svelte-check --fail-on-warnings) is the judge of its own
    // warnings; an ignore it needs is not "unused" because ESLint does not see the warning.
    rules: { "svelte/no-unused-svelte-ignore": "off" },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: [".svelte"],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
);
