# The PyTorch wheel's libtorch (the "cuda" preset) needs the CUDA libraries of the nvidia-* wheels installed beside
# it (NCCL, cuBLAS, cuDNN, …); its own RPATH finds them at run time. The linker must find the same ones when it
# resolves libtorch_cuda.so's dependencies, not an older copy in the CUDA toolkit (/usr/local/cuda/lib/libnccl.so.2
# lacks symbols the wheel's libtorch uses): point -rpath-link at them. It also refuses a mix of two libtorches
# (TorchConfig.cmake's find_library can pick a system libtorch.so beside the wheel's headers). Nothing happens for
# Debian's libtorch.
get_filename_component(_cci_torch_lib_dir "${Torch_DIR}/../../../lib" REALPATH)
file(GLOB _cci_wheel_lib_dirs LIST_DIRECTORIES true "${_cci_torch_lib_dir}/../../nvidia/*/lib")
# A wheel's libtorch sits in torch/lib beside torch/share/cmake (Debian's does not); it brings its own BLAS (MKL).
if(EXISTS "${_cci_torch_lib_dir}/libtorch.so")
  set(CCI_TORCH_FROM_WHEEL ON)
else()
  set(CCI_TORCH_FROM_WHEEL OFF)
endif()
if(_cci_wheel_lib_dirs)
  foreach(_dir IN LISTS _cci_wheel_lib_dirs)
    get_filename_component(_dir "${_dir}" REALPATH)
    add_link_options("LINKER:-rpath-link,${_dir}")
  endforeach()
  message(STATUS "libtorch from the PyTorch wheel (${_cci_torch_lib_dir}) with the nvidia-* wheels' CUDA libraries")
  # NCCL's header from the same wheel as the library libtorch_cuda loads (the CUDA toolkit may carry another).
  if(EXISTS "${_cci_torch_lib_dir}/../../nvidia/nccl/include/nccl.h")
    get_filename_component(_nccl "${_cci_torch_lib_dir}/../../nvidia/nccl/include" REALPATH)
    set(CCI_NCCL_INCLUDE "${_nccl}" CACHE PATH "nccl.h folder (the nvidia-nccl wheel's)")
  endif()
endif()
foreach(_lib IN ITEMS TORCH_LIBRARY c10_LIBRARY)
  if(${_lib} AND EXISTS "${_cci_torch_lib_dir}/libtorch.so")
    get_filename_component(_dir "${${_lib}}" DIRECTORY)
    get_filename_component(_dir "${_dir}" REALPATH)
    if(NOT _dir STREQUAL _cci_torch_lib_dir)
      message(FATAL_ERROR "${_lib} is ${${_lib}}, not in the libtorch of ${Torch_DIR} (${_cci_torch_lib_dir}): two "
                          "libtorch installations are mixed. Configure with -D${_lib}=${_cci_torch_lib_dir}/lib...so "
                          "(the cuda preset does) or remove the other libtorch.")
    endif()
  endif()
endforeach()
