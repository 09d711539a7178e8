import { defineConfig } from 'drizzle-kit';

// PostgreSQL (F40): `npx drizzle-kit generate --config drizzle.pg.config.ts`. The SQLite twin is drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema-pg/index.ts',
  out: './drizzle/pg',
});
