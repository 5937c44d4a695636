// Keeps zod from probing `new Function` (its JIT): under our strict CSP (no 'unsafe-eval') the
// probe is blocked anyway, but Chromium still reports it as a CSP violation. Import before any parse.
import { z } from 'zod';

z.config({ jitless: true });
