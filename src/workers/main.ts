// The entry of the server's worker threads (src/workers/pool.ts starts it through bootstrap.mjs).
import { serve } from './serve.ts';

serve();
