// The analysis on the server's own thread (tests importing the sources; the web
// extension, whose server is itself a web worker).

import { CancellationSource } from '../engine/cancellation';
import { buildRulesDocument } from '../engine/language/document';
import { portable, runDocumentAnalysis, type DocumentAnalysis, type PortableAnalysis } from '../engine/language/document-analysis';
import { fastCheck, type FastCheck } from '../engine/language/fast-diagnostics';
import type { AnalyseOptions, Analyser, Running } from './analyser-interface';

export class InThreadAnalyser implements Analyser {
  private readonly previous = new Map<string, DocumentAnalysis>();

  analyse(uri: string, text: string, options: AnalyseOptions): Running<PortableAnalysis> {
    const source = new CancellationSource();
    const last = this.previous.get(uri);
    const result = Promise.resolve().then(async () => {
      const analysis = await runDocumentAnalysis(buildRulesDocument(text), {
        token: source,
        ...(last === undefined ? {} : { previous: last }),
        timeBudgetMs: options.timeBudgetMs,
        fileName: options.fileName,
      });
      if (options.keep && analysis.facts !== undefined) this.previous.set(uri, analysis);
      return portable(analysis);
    });
    return { result, cancel: () => source.cancel() };
  }

  check(_uri: string, text: string, fileName: string): Running<FastCheck> {
    return { result: Promise.resolve().then(() => fastCheck(buildRulesDocument(text), fileName)), cancel: () => undefined };
  }

  forget(uri: string): void {
    this.previous.delete(uri);
  }

  dispose(): void {
    this.previous.clear();
  }
}

