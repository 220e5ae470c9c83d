export {
  decodeKeysetCursor as decodeActivityCursor,
  encodeKeysetCursor as encodeActivityCursor,
  type KeysetPosition as ActivityPosition,
} from '@app/core';
