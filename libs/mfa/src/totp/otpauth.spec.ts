import { otpauthUrl, qrCodeDataUrl } from './otpauth';

describe('otpauth URL and QR code', () => {
  it('names the issuer and the account, encoded, and spells out the parameters', () => {
    expect(otpauthUrl('Acme Auth', 'a+b@example.com', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/Acme%20Auth:a%2Bb%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Auth' +
        '&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('renders the URL as an SVG data URL', async () => {
    const url = await qrCodeDataUrl('otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP');
    expect(url).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    const svg = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
