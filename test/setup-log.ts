// Every test file: the server's log at warn and above unless LOG_LEVEL says otherwise (see vitest.config.ts).
import { loggerFromEnv, setLogger } from '../src/log.ts';

setLogger(loggerFromEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
