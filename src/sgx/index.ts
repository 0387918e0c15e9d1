/** The SGX feature of the processor: see README.md for the map from SDM concepts to these names. */
export { Sgx, type SgxOptions, MSR_IA32_SGXLEPUBKEYHASH0, INTEL_LE_PUBKEY_HASH, SGX_ATTRIBUTES_SUPPORTED,
  SGX_XFRM_SUPPORTED, SGX_MISCSELECT_SUPPORTED, MAX_ENCLAVE_SIZE_64_LOG2, DEFAULT_CPUSVN, ssaFrameBytesNeeded } from './sgx.js';
export { Epc, EpcmEntry, type EpcOptions, EPC_PHYS_BASE, EPC_DEFAULT_SIZE, DIRECT_MAP_BASE } from './epc.js';
export { Secs } from './secs.js';
export { Measurement, ecreateRecord, eaddRecord, eextendRecords, EEXTEND_CHUNK } from './measure.js';
export { type LinearMemory, KernelMemory, KERNEL_STAGING_BASE, supervisorRead, epcPageFault } from './linear.js';
export { aesCmac } from './cmac.js';
export { deriveKey, encodeKeyDependencies, type KeyDependencies, KEYDEPENDENCIES, HARDCODED_PKCS1_5_PADDING,
  cpusvnBeyond } from './keys.js';
export { verifySigstruct, mrsignerOf, sigstructSignedBytes, leToBigInt, bigIntToLe } from './sigstruct.js';
export { ecreate, type PageInfo } from './encls/ecreate.js';
export { eadd } from './encls/eadd.js';
export { eextend } from './encls/eextend.js';
export { einit } from './encls/einit.js';
export { eremove } from './encls/eremove.js';
export { ereport } from './enclu/ereport.js';
export { egetkey, type KeyResult } from './enclu/egetkey.js';
export { measureEnclave, buildSigstruct, signSigstruct, signEnclave, generateSigningKey, chunkMask,
  type EnclavePage, type EnclaveLayout, type SigstructFields, type EnclaveIdentity } from './sign.js';
