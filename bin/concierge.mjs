#!/usr/bin/env node
// The command line runs the TypeScript sources directly through tsx, like `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
