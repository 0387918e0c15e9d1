/**
 * ereport mirrors ENCLU[EREPORT] (SDM Vol. 3D, "EREPORT—Create a Cryptographic Report of the
 * Enclave") from the point where its operands are read: it builds the REPORT of the calling
 * enclave and MACs it with the REPORT key of the enclave TARGETINFO names.
 *
 * Left to the CPU integration: the operand checks (TARGETINFO and OUTPUTDATA 512-byte aligned,
 * REPORTDATA 128-byte aligned, all inside ELRANGE, in valid, unblocked PT_REG pages of this enclave
 * with the needed EPCM permission; #GP(0) outside enclave mode) and writing the REPORT to RDX.
 */
import {
  REPORT, REPORT_KEY, REPORT_MAC_SIZE, TARGETINFO,
} from '../../abi/sgx.js';
import { EmulatorError, gp0 } from '../../cpu/exceptions.js';
import { aesCmac } from '../cmac.js';
import { deriveKey } from '../keys.js';
import { fieldsZero } from '../linear.js';
import type { Secs } from '../secs.js';
import type { Sgx } from '../sgx.js';

/**
 * ereport returns the 432-byte REPORT enclave `secs` produces for `targetinfo` (512 bytes) and
 * `reportdata` (64 bytes). Precondition: `secs` is initialized (the caller is in enclave mode).
 * Throws #GP(0) if TARGETINFO's reserved bytes are not zero.
 */
export function ereport(sgx: Sgx, secs: Secs, targetinfo: Uint8Array, reportdata: Uint8Array): Uint8Array {
  if (targetinfo.length !== TARGETINFO.size || reportdata.length !== 64) {
    throw new EmulatorError('ereport: TARGETINFO must be 512 bytes and REPORTDATA 64');
  }
  if (!secs.initialized) throw new EmulatorError('ereport: the enclave is not initialized');
  if (!fieldsZero(targetinfo, TARGETINFO, ['reserved1', 'reserved2', 'reserved3'])) {
    throw gp0('EREPORT: TARGETINFO reserved fields not zero');
  }

  const report = new Uint8Array(REPORT.size);
  const dv = new DataView(report.buffer);
  const o = REPORT.off;
  report.set(sgx.cpusvn, o.cpusvn);
  dv.setUint32(o.miscselect, secs.miscselect, true);
  report.set(secs.isvExtProdId, o.isv_ext_prod_id);
  dv.setBigUint64(o.attributes, secs.attributes, true);
  dv.setBigUint64(o.xfrm, secs.xfrm, true);
  report.set(secs.mrenclave, o.mrenclave);
  report.set(secs.mrsigner, o.mrsigner);
  report.set(secs.configId, o.config_id);
  dv.setUint16(o.isv_prod_id, secs.isvProdId, true);
  dv.setUint16(o.isv_svn, secs.isvSvn, true);
  dv.setUint16(o.config_svn, secs.configSvn, true);
  report.set(secs.isvFamilyId, o.isv_family_id);
  report.set(reportdata, o.report_data);
  report.set(sgx.reportKeyId, o.keyid);

  const tdv = new DataView(targetinfo.buffer, targetinfo.byteOffset, targetinfo.byteLength);
  const t = TARGETINFO.off;
  const key = deriveKey(sgx.rootKey, {
    keyname: REPORT_KEY,
    ownerEpoch: sgx.ownerEpoch,
    attributes: [tdv.getBigUint64(t.attributes, true), tdv.getBigUint64(t.xfrm, true)],
    mrenclave: targetinfo.slice(t.measurement, t.measurement + 32),
    keyid: sgx.reportKeyId,
    sealKeyFuses: sgx.sealFuses,
    cpusvn: sgx.cpusvn,
    padding: secs.padding,
    miscselect: tdv.getUint32(t.miscselect, true),
    configId: targetinfo.slice(t.config_id, t.config_id + 64),
    configSvn: tdv.getUint16(t.config_svn, true),
  });
  report.set(aesCmac(key, report.subarray(0, REPORT_MAC_SIZE)), o.mac);
  return report;
}
