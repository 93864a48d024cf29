//! Tables for Python: the crate's per-run and per-round tables as Arrow
//! record batches, handed over through the Arrow PyCapsule interface
//! (`__arrow_c_stream__`), which pyarrow, polars and pandas (through
//! pyarrow) read without copying.

use std::ffi::CStr;
use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, Float64Array, RecordBatch, RecordBatchIterator, UInt32Array, UInt64Array,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use detente::simulate::{RoundTable, RunTable};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// The capsule name the Arrow PyCapsule interface requires for a stream.
const STREAM: &CStr = c"arrow_array_stream";

fn u32s(name: &str, v: Vec<u32>) -> (Field, ArrayRef) {
    (
        Field::new(name, DataType::UInt32, false),
        Arc::new(UInt32Array::from(v)),
    )
}

fn f64s(name: &str, v: Vec<f64>) -> (Field, ArrayRef) {
    (
        Field::new(name, DataType::Float64, false),
        Arc::new(Float64Array::from(v)),
    )
}

fn batch(columns: Vec<(Field, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

/// A run table as one record batch: `run`, `first_deal_round` (null for a
/// run without a deal), the counts, then `payoff_<government code>`.
fn run_batch(t: &RunTable) -> Result<RecordBatch, ArrowError> {
    let mut columns = vec![
        (
            Field::new("run", DataType::UInt64, false),
            Arc::new(UInt64Array::from(t.run.clone())) as ArrayRef,
        ),
        (
            Field::new("first_deal_round", DataType::UInt32, true),
            Arc::new(UInt32Array::from(t.first_deal_round.clone())),
        ),
    ];
    columns.extend(
        t.count_columns()
            .map(|(name, col)| u32s(name, col.to_vec())),
    );
    for (code, col) in t.governments.iter().zip(&t.payoff) {
        columns.push(f64s(&format!("payoff_{code}"), col.clone()));
    }
    batch(columns)
}

/// A round table as one record batch, one column per field.
fn round_batch(t: &RoundTable) -> Result<RecordBatch, ArrowError> {
    batch(vec![
        u32s("round", t.round.clone()),
        f64s("stock_mean", t.stock_mean.clone()),
        f64s("stock_q05", t.stock_q05.clone()),
        f64s("stock_q50", t.stock_q50.clone()),
        f64s("stock_q95", t.stock_q95.clone()),
        f64s("deals_mean", t.deals_mean.clone()),
        f64s("freed_by_deal_mean", t.freed_by_deal_mean.clone()),
        f64s("arrested_mean", t.arrested_mean.clone()),
    ])
}

/// A table Python reads through the Arrow PyCapsule interface.
#[pyclass(name = "Table", module = "detente._detente", frozen)]
pub struct PyTable {
    batch: RecordBatch,
    /// What the table is, for `repr`.
    what: &'static str,
}

impl PyTable {
    pub fn runs(t: &RunTable) -> PyResult<Self> {
        run_batch(t)
            .map(|batch| PyTable {
                batch,
                what: "runs",
            })
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    pub fn rounds(t: &RoundTable) -> PyResult<Self> {
        round_batch(t)
            .map(|batch| PyTable {
                batch,
                what: "rounds",
            })
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

#[pymethods]
impl PyTable {
    /// The table as an Arrow C stream of one record batch. A requested
    /// schema is ignored, as the interface allows: the columns have one
    /// type each.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        // Arrow arrays share their buffers: the clone copies no data.
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "Table({}: {} rows x {} columns)",
            self.what,
            self.batch.num_rows(),
            self.batch.num_columns()
        )
    }
}
