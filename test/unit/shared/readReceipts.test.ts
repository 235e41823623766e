import {
  MAX_RECEIPTS,
  holdsReceipts,
  issueReceipt,
  receiptKey,
  verifyReceipts,
  type ReceiptPayload,
} from '../../../lib/answerScope';
import type { Claims } from '../../../lib/claims';

const key = receiptKey('a-secret-of-the-subgraphs');
const care = (sub: string, scopes = ['pii:read']): Claims => ({
  sub,
  role: 'agent',
  team: 'care',
  scopes,
});
const payload: ReceiptPayload = {
  v: 1,
  s: 'orders',
  r: [['Order', 'cus-1']],
  o: 'CustomerContext',
};

describe('read receipts', () => {
  it('verifies for any caller of the class it was issued for, whatever the order of scopes', () => {
    const receipt = issueReceipt(key, payload, care('agt-1', ['pii:read', 'notes:write']));
    expect(holdsReceipts(receipt)).toBe(true);
    expect(
      verifyReceipts(key, receipt, 'orders', care('agt-2', ['notes:write', 'pii:read'])),
    ).toEqual([payload]);
    expect(
      verifyReceipts(
        key,
        `${receipt}, ${receipt}`,
        'orders',
        care('agt-3', ['pii:read', 'notes:write']),
      ),
    ).toEqual([payload, payload]);
  });

  it.each<[string, Claims | null]>([
    ['fewer scopes', care('agt-1', [])],
    ['another team', { ...care('agt-1'), team: 'sales' }],
    ['a supervisor', { ...care('agt-1'), role: 'supervisor' }],
    ['a customer', { sub: 'cus-1', role: 'customer', scopes: ['pii:read'] }],
    ['an anonymous caller', null],
  ])('refuses a receipt presented by %s', (_label, claims) => {
    const receipt = issueReceipt(key, payload, care('agt-1'));
    expect(verifyReceipts(key, receipt, 'orders', claims)).toBeNull();
  });

  it('refuses another subgraph, another key, a tampered payload, a foreign tag among receipts, and too many', () => {
    const receipt = issueReceipt(key, payload, care('agt-1'));
    expect(verifyReceipts(key, receipt, 'support', care('agt-1'))).toBeNull();
    expect(verifyReceipts(receiptKey('another'), receipt, 'orders', care('agt-1'))).toBeNull();
    const [, signature] = /\.([A-Za-z0-9_-]+)"$/.exec(receipt)!;
    const forged = Buffer.from(JSON.stringify({ ...payload, r: [['Order', 'cus-2']] })).toString(
      'base64url',
    );
    expect(verifyReceipts(key, `"rr1.${forged}.${signature}"`, 'orders', care('agt-1'))).toBeNull();
    expect(holdsReceipts(`${receipt}, "other"`)).toBe(false);
    expect(verifyReceipts(key, `${receipt}, "other"`, 'orders', care('agt-1'))).toBeNull();
    const many = Array.from({ length: MAX_RECEIPTS + 1 }, () => receipt).join(', ');
    expect(verifyReceipts(key, many, 'orders', care('agt-1'))).toBeNull();
    expect(holdsReceipts('')).toBe(false);
  });
});
