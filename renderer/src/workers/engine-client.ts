// The UI side of the engine worker: starts it, validates every message it sends (core/run/protocol)
// and hands typed events to the runs store. One worker for the page's lifetime; runs are told apart
// by id so a late message from a superseded run is ignored.
import { parseFromWorker, type FromWorker, type ToWorker } from '../../../core/run/protocol';
import EngineWorker from './engine.worker?worker';

export interface EngineEvents {
  onMessage(m: FromWorker): void;
  onCrash(message: string): void;
}

export interface EngineClient {
  send(m: ToWorker): void;
  dispose(): void;
}

export function createEngineClient(events: EngineEvents): EngineClient {
  const worker = new EngineWorker();
  worker.onmessage = (e: MessageEvent<unknown>) => {
    const parsed = parseFromWorker(e.data);
    if (parsed.ok) events.onMessage(parsed.message);
    else events.onCrash(`engine worker sent a malformed message: ${parsed.error}`);
  };
  worker.onerror = (e) => events.onCrash(e.message || 'the engine worker crashed');
  return {
    send: (m) => worker.postMessage(m),
    dispose: () => worker.terminate(),
  };
}
