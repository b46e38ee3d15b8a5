/** AWS Query protocol (IAM, STS) response and error bodies, as in aws-iam.md. */

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A value tree turned into XML: objects are elements, arrays repeat `member`, Maps repeat `entry`, undefined is left out. */
export type XmlValue = string | number | boolean | Date | undefined | XmlValue[] | Map<string, XmlValue> | { [tag: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

export function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return isoSeconds(value);
  if (value instanceof Map) {
    return [...value].map(([key, item]) => `<entry><key>${escapeXml(key)}</key><value>${toXml(item)}</value></entry>`).join('');
  }
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([tag, child]) => `<${tag}>${toXml(child)}</${tag}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** `<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>`. */
export function queryResponse(action: string, namespace: string, result: { [tag: string]: XmlValue }, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/** The Query-protocol ErrorResponse; credential-report errors come without a Message, like AWS's. */
export function queryError(code: string, message: string | undefined, requestId: string): string {
  const type = code === 'ServiceFailure' ? 'Receiver' : 'Sender';
  const messageXml = message === undefined ? '' : `<Message>${escapeXml(message)}</Message>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code>${messageXml}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** `2024-01-02T03:04:05Z`, the way IAM and STS print times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
