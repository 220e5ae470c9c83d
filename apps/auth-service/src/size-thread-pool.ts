import { sizeThreadPool } from './thread-pool';

/*
 * Imported by main.ts before anything else: libuv sizes its pool from the environment when the
 * pool first gets work, and any later change is ignored. (`npm start`, the image and a bare
 * `node dist/.../main.js` all start here, so none of them needs the variable set outside.)
 */
// eslint-disable-next-line no-restricted-syntax -- libuv takes its pool size only from the environment
sizeThreadPool(process.env);
