// What a report reads an events file's bytes with (./run-report's source `{ bytes,
// name }`: a sample the editor read, such as Compare with…'s on a virtual file
// system): every container and format the name says, Parquet too, as the file would
// be read by its path (../events/read-event-bytes). The web build replaces this
// module by ./report-bytes.web.

export { readEventFileBytes as readReportBytes } from '../events/read-event-bytes';
