// Placeholder: filled in by the engine work (see the module list in src/index.ts).
export {}
