import { normaliseIdentifier } from '../../../subgraphs/crm/src/modules/customers/identifiers';

describe('normaliseIdentifier', () => {
  it.each([
    ['(415) 555-0134', '+14155550134'],
    ['+14155550134', '+14155550134'],
    ['415.555.0134', '+14155550134'],
    ['  +1 415 555 0134 ', '+14155550134'],
    ['+44 20 7946 0321', '+442079460321'],
    ['+61 2 5550 1234', '+61255501234'],
  ])('reads the phone number %p as %p', (input, expected) => {
    expect(normaliseIdentifier('PHONE', input, 'US')).toBe(expected);
  });

  it('reads a national number in the default region it is given', () => {
    expect(normaliseIdentifier('PHONE', '020 7946 0321', 'GB')).toBe('+442079460321');
  });

  it.each(['abc', '123', '', '+1 415 555'])(
    'rejects %p as a phone number with BAD_USER_INPUT',
    (input) => {
      expect(() => normaliseIdentifier('PHONE', input, 'US')).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      );
    },
  );

  it('matches emails case-insensitively', () => {
    expect(normaliseIdentifier('EMAIL', ' DANA.REYES@example.com', 'US')).toBe(
      'dana.reyes@example.com',
    );
    expect(() => normaliseIdentifier('EMAIL', 'not-an-email', 'US')).toThrow(/not an email/);
  });

  it('drops the @ of social handles and ignores case', () => {
    expect(normaliseIdentifier('SOCIAL', '@Dana_Reyes', 'US')).toBe('dana_reyes');
    expect(normaliseIdentifier('SOCIAL', 'dana_reyes', 'US')).toBe('dana_reyes');
    expect(() => normaliseIdentifier('SOCIAL', '@ has spaces', 'US')).toThrow(
      /not a social handle/,
    );
  });

  it('upper-cases account numbers and keeps device ids as given', () => {
    expect(normaliseIdentifier('ACCOUNT_NUMBER', 'acc-100234', 'US')).toBe('ACC-100234');
    expect(normaliseIdentifier('APP_DEVICE', 'ios-7f3a9c21', 'US')).toBe('ios-7f3a9c21');
    expect(() => normaliseIdentifier('APP_DEVICE', 'has space', 'US')).toThrow(
      /not an app device id/,
    );
  });
});
