import {
  type Abi,
  type ContractEventName,
  type Hash,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem';
import { EventNotFoundError } from '../errors.js';

/** The first decoded log named `eventName` in a receipt; throws if there is none. */
export function eventOf<const abi extends Abi, name extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  eventName: name,
  hash: Hash,
) {
  const [log] = parseEventLogs({ abi, logs: receipt.logs, eventName });
  if (!log) throw new EventNotFoundError(String(eventName), hash);
  return log;
}
