import { DataSource } from 'typeorm';
import { LogCapture, testConfig } from '@app/core/testing';
import { createApp } from '../../auth-service/src/app.factory';
import { ENTITIES } from '../src/entities';

/**
 * The service finds its entities through the feature modules; `migrate:generate` only knows
 * the CLI's list. An entity missing from that list would never get its migration generated.
 */
describe('the CLI entity list', () => {
  it('holds every entity the service registers', async () => {
    const app = await createApp(testConfig(), { logStream: new LogCapture() });
    try {
      const registered = app.get(DataSource).entityMetadatas.map((metadata) => metadata.target);
      expect(new Set(ENTITIES)).toEqual(new Set(registered));
    } finally {
      await app.close();
    }
  });
});
