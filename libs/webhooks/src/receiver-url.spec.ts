import { displayedReceiverUrl } from './receiver-url';

describe('displayedReceiverUrl', () => {
  it('hides the credentials of a receiver URL', () => {
    const shown = displayedReceiverUrl('https://hooks:s3cr3t-value@receiver.example.com/in?x=1');
    expect(shown).toBe('https://***@receiver.example.com/in?x=1');
    expect(shown).not.toContain('s3cr3t-value');
    expect(shown).not.toContain('hooks');
  });

  it('hides a user name given alone', () => {
    expect(displayedReceiverUrl('https://token-only@receiver.example.com/')).toBe(
      'https://***@receiver.example.com/',
    );
  });

  it('leaves a URL without credentials as it is', () => {
    expect(displayedReceiverUrl('http://127.0.0.1:9000/hooks')).toBe('http://127.0.0.1:9000/hooks');
  });
});
