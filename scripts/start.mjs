// `npm start`: build what needs building, then run the server from its TypeScript sources.
import { register } from 'tsx/esm/api';
import { buildWeb } from './build.mjs';

buildWeb();
register();
await import('../src/main.ts');
